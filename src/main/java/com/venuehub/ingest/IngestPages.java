package com.venuehub.ingest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.venuehub.console.ConsoleFormat;
import com.venuehub.console.ConsolePage;
import com.venuehub.console.ConsoleUser;
import com.venuehub.console.Paging;
import com.venuehub.platform.ApiException;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Venue IT's console pages: the sources at a glance, the quarantine (filter, read the raw
 * record beside its reason, fix and replay one, replay many) and data quality.
 */
@Controller
@ConsolePage
public class IngestPages {

	private final SourceActivity activity;

	private final QuarantineRecords quarantine;

	private final DataQualityController dataQuality;

	private final Mappings mappings;

	private final ConsoleFormat format;

	public IngestPages(SourceActivity activity, QuarantineRecords quarantine, DataQualityController dataQuality,
			Mappings mappings, ConsoleFormat format) {
		this.activity = activity;
		this.quarantine = quarantine;
		this.dataQuality = dataQuality;
		this.mappings = mappings;
		this.format = format;
	}

	@GetMapping("/console/sources")
	String sources(Model model) {
		List<SourceActivity.Source> sources = this.activity.sources();
		model.addAttribute("sources", sources);
		List<String> charts = new ArrayList<>();
		for (SourceActivity.Source source : sources) {
			charts.add(this.format
				.chart(new ConsoleFormat.Chart("bar", source.hours().stream().map(this.format::hour).toList(),
						List.of(new ConsoleFormat.Series("applied", source.appliedPerHour(), "#1c7c3c"),
								new ConsoleFormat.Series("quarantined", source.quarantinedPerHour(), "#b3261e")),
						true)));
		}
		model.addAttribute("charts", charts);
		model.addAttribute("hours", SourceActivity.HOURS);
		return "ingest/sources";
	}

	@GetMapping("/console/quarantine")
	String quarantine(@RequestParam(defaultValue = "QUARANTINED") String status,
			@RequestParam(required = false) String source, @RequestParam(required = false) String reason,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "25") int size, Model model) {
		Paging.check(page, size);
		QuarantineRecords.Filter filter = new QuarantineRecords.Filter(status, blank(source), blank(reason), day);
		QuarantineRecords.QuarantinePage found = this.quarantine.list(filter, page, size);
		model.addAttribute("filter", filter);
		model.addAttribute("records", new Paging<>(found.items(), page, size, found.total()));
		model.addAttribute("sources", this.mappings.sources().stream().sorted().toList());
		return "ingest/quarantine";
	}

	@GetMapping("/console/quarantine/{id}")
	String record(@PathVariable long id, Model model) {
		model.addAttribute("record", this.quarantine.get(id));
		return "ingest/record";
	}

	@PostMapping("/console/quarantine/{id}/replay")
	String replay(@PathVariable long id, @RequestParam(required = false) String payload,
			@AuthenticationPrincipal ConsoleUser user, Model model, RedirectAttributes redirect) {
		try {
			this.quarantine.replay(id, payload, user.actor());
		}
		catch (ApiException ex) {
			// still rejected: the page again, with the corrected text kept and the reason
			model.addAttribute("record", this.quarantine.get(id));
			model.addAttribute("problem", ex.getMessage());
			return "ingest/record";
		}
		redirect.addFlashAttribute("notice",
				"Record " + id + " replayed: it is applied in a moment, like any record of its source.");
		redirect.addFlashAttribute("replayed", List.of(id));
		return "redirect:/console/quarantine";
	}

	@PostMapping("/console/quarantine/replay")
	String replayMany(@RequestParam(name = "id", required = false) List<Long> ids,
			@AuthenticationPrincipal ConsoleUser user, RedirectAttributes redirect) {
		// an empty id (a hand-made form) is no record
		ids = ids == null ? List.of() : ids.stream().filter(Objects::nonNull).distinct().toList();
		if (ids.isEmpty()) {
			redirect.addFlashAttribute("problem", "Tick the records to replay first.");
			return "redirect:/console/quarantine";
		}
		if (ids.size() > 200) {
			throw new ApiException(org.springframework.http.HttpStatus.BAD_REQUEST, "at most 200 records at once");
		}
		List<Long> replayed = new ArrayList<>();
		List<String> refused = new ArrayList<>();
		for (long id : ids) {
			try {
				this.quarantine.replay(id, null, user.actor());
				replayed.add(id);
			}
			catch (ApiException ex) {
				refused.add(ex.getMessage());
			}
		}
		redirect.addFlashAttribute("notice", replayed.size() + " record(s) replayed.");
		redirect.addFlashAttribute("replayed", replayed);
		redirect.addFlashAttribute("refused", refused);
		return "redirect:/console/quarantine";
	}

	@GetMapping("/console/data-quality")
	String dataQuality(@RequestParam(required = false) String source, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, Model model) {
		String start = from == null ? this.format.today().minusDays(13).toString() : from;
		String end = to == null ? this.format.today().toString() : to;
		DataQualityController.Report report = this.dataQuality.report(blank(source), start, end);
		model.addAttribute("report", report);
		model.addAttribute("source", blank(source));
		model.addAttribute("from", start);
		model.addAttribute("to", end);
		model.addAttribute("sources", this.mappings.sources().stream().sorted().toList());
		List<DataQuality.Day> days = new ArrayList<>(report.days());
		java.util.Collections.reverse(days);
		java.util.Map<LocalDate, long[]> perDay = new java.util.TreeMap<>();
		for (DataQuality.Day day : days) {
			long[] counts = perDay.computeIfAbsent(day.day(), d -> new long[4]);
			counts[0] += day.invalidPhones();
			counts[1] += day.invalidEmails();
			counts[2] += day.invalidCards();
			counts[3] += day.placeholders();
		}
		List<String> labels = perDay.keySet().stream().map(LocalDate::toString).toList();
		model
			.addAttribute("chart",
					this.format.chart(
							new ConsoleFormat.Chart("bar", labels,
									List.of(series("invalid phones", perDay, 0), series("invalid emails", perDay, 1),
											series("invalid cards", perDay, 2), series("placeholders", perDay, 3)),
									true)));
		return "ingest/data-quality";
	}

	private static ConsoleFormat.Series series(String label, java.util.Map<LocalDate, long[]> perDay, int index) {
		return new ConsoleFormat.Series(label, perDay.values().stream().map(c -> c[index]).toList());
	}

	private static String blank(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}

}
