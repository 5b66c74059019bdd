package com.venuehub.sms;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import com.venuehub.console.ConsoleFormat;
import com.venuehub.console.ConsolePage;
import com.venuehub.console.Paging;
import com.venuehub.platform.ApiException;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Marketing's console pages: the segment builder with its live audience, and SMS
 * campaigns (create, preview, launch, cancel, results). Campaigns do the work, as for the
 * API; marketing sees counts, never a list of people.
 */
@Controller
@ConsolePage
public class CampaignPages {

	private final Campaigns campaigns;

	private final SegmentAudience audience;

	private final ConsoleFormat format;

	private final SmsProperties properties;

	public CampaignPages(Campaigns campaigns, SegmentAudience audience, ConsoleFormat format,
			SmsProperties properties) {
		this.campaigns = campaigns;
		this.audience = audience;
		this.format = format;
		this.properties = properties;
	}

	@GetMapping("/console/segments")
	String segments(@ModelAttribute("segment") SegmentForm segment, Model model) {
		model.addAttribute("audience", audienceOf(segment));
		return "sms/segments";
	}

	/** The audience of the criteria as they are being typed (htmx). */
	@GetMapping("/console/segments/audience")
	String audience(@ModelAttribute("segment") SegmentForm segment, Model model) {
		model.addAttribute("audience", audienceOf(segment));
		return "sms/segments :: audience";
	}

	private Object audienceOf(SegmentForm segment) {
		try {
			return this.audience.of(segment.toSegment());
		}
		catch (ApiException ex) {
			return ex.getMessage();
		}
	}

	@GetMapping("/console/campaigns")
	String campaigns(@RequestParam(required = false) String state, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "25") int size, Model model) {
		String wanted = state == null || state.isBlank() ? null : state;
		model.addAttribute("state", wanted);
		model.addAttribute("campaigns", new Paging<>(this.campaigns.list(wanted, size, Paging.offset(page, size)), page,
				size, this.campaigns.count(wanted)));
		return "sms/campaigns";
	}

	@GetMapping("/console/campaigns/new")
	String create(@ModelAttribute("segment") SegmentForm segment, Model model) {
		model.addAttribute("venues", venues());
		model.addAttribute("audience", audienceOf(segment));
		return "sms/new-campaign";
	}

	@PostMapping("/console/campaigns")
	String create(@RequestParam String name, @RequestParam String venue, @RequestParam String template,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime sendAt,
			@ModelAttribute("segment") SegmentForm segment, Model model) {
		try {
			Campaigns.Campaign created = this.campaigns
				.create(new Campaigns.CampaignRequest(name, venue, segment.toSegment(), template,
						sendAt == null ? null : sendAt.atZone(this.format.zone()).toInstant(), null));
			return "redirect:/console/campaigns/" + created.id();
		}
		catch (ApiException ex) {
			model.addAttribute("problem", ex.getMessage());
			model.addAttribute("name", name);
			model.addAttribute("venue", venue);
			model.addAttribute("template", template);
			model.addAttribute("sendAt", sendAt);
			model.addAttribute("venues", venues());
			model.addAttribute("audience", audienceOf(segment));
			return "sms/new-campaign";
		}
	}

	@GetMapping("/console/campaigns/{id}")
	String campaign(@PathVariable long id, Model model) {
		Campaigns.Campaign campaign = this.campaigns.get(id);
		model.addAttribute("campaign", campaign);
		model.addAttribute("segment", SegmentForm.of(campaign.segment()));
		if ("DRAFT".equals(campaign.state()) || "SCHEDULED".equals(campaign.state())) {
			try {
				model.addAttribute("preview", this.campaigns.preview(id, 3));
			}
			catch (ApiException ex) {
				// a segment stored before a rule refused it: the campaign is still shown
				model.addAttribute("problem", ex.getMessage());
			}
		}
		if (campaign.launchedAt() != null) {
			results(id, model);
		}
		return "sms/campaign";
	}

	/** The results, polled by the campaign page while it runs (htmx). */
	@GetMapping("/console/campaigns/{id}/results")
	String results(@PathVariable long id, Model model) {
		Campaigns.Results results = this.campaigns.results(id);
		model.addAttribute("results", results);
		model.addAttribute("resultsChart",
				this.format.chart(new ConsoleFormat.Chart("bar",
						List.of("sent", "delivered", "failed", "suppressed", "pending", "uncertain"),
						List.of(new ConsoleFormat.Series("messages", List.of(results.sent(), results.delivered(),
								results.failed(), results.suppressed(), results.pending(), results.uncertain()))),
						false)));
		return "sms/campaign :: results";
	}

	@PostMapping("/console/campaigns/{id}/launch")
	String launch(@PathVariable long id, RedirectAttributes redirect) {
		Campaigns.Campaign campaign = this.campaigns.launch(id);
		redirect.addFlashAttribute("notice", "SCHEDULED".equals(campaign.state())
				? "Scheduled for " + this.format.at(campaign.sendAt()) + "." : "Launched: messages are on their way.");
		return "redirect:/console/campaigns/" + id;
	}

	@PostMapping("/console/campaigns/{id}/cancel")
	String cancel(@PathVariable long id, RedirectAttributes redirect) {
		this.campaigns.cancel(id);
		redirect.addFlashAttribute("notice", "Cancelled: messages not sent yet will not be.");
		return "redirect:/console/campaigns/" + id;
	}

	private List<String> venues() {
		List<String> venues = new ArrayList<>(this.properties.venues().keySet());
		venues.remove("default");
		if (venues.isEmpty()) {
			venues.add("zoo-lyon");
		}
		return venues.stream().sorted().toList();
	}

}
