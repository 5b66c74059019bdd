package com.venuehub.sms;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Marketing's SMS campaigns: define, preview, launch, cancel, read the results. */
@RestController
@RequestMapping("/api/v1/campaigns")
@Tag(name = "campaigns", description = "SMS promo campaigns")
public class CampaignController {

	private final Campaigns campaigns;

	public CampaignController(Campaigns campaigns) {
		this.campaigns = campaigns;
	}

	@Operation(summary = "Define a campaign (a draft): venue, segment, template, and a send time or a trigger")
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	public Campaigns.Campaign create(@RequestBody Campaigns.CampaignRequest request) {
		return this.campaigns.create(request);
	}

	@Operation(summary = "Change a draft")
	@PutMapping("/{id}")
	public Campaigns.Campaign update(@PathVariable long id, @RequestBody Campaigns.CampaignRequest request) {
		return this.campaigns.update(id, request);
	}

	@Operation(summary = "Campaigns, newest first, optionally in one state")
	@GetMapping
	public List<Campaigns.Campaign> list(@RequestParam(required = false) String state) {
		return this.campaigns.list(state);
	}

	@Operation(summary = "One campaign")
	@GetMapping("/{id}")
	public Campaigns.Campaign get(@PathVariable long id) {
		return this.campaigns.get(id);
	}

	@Operation(summary = "Audience size now, sample messages, SMS segments and estimated cost")
	@GetMapping("/{id}/preview")
	public Campaigns.Preview preview(@PathVariable long id, @RequestParam(defaultValue = "5") int sample) {
		return this.campaigns.preview(id, sample);
	}

	@Operation(summary = "Launch a draft: now, at its send time, or (triggered) from now on")
	@PostMapping("/{id}/launch")
	public Campaigns.Campaign launch(@PathVariable long id) {
		return this.campaigns.launch(id);
	}

	@Operation(summary = "Cancel a campaign: messages not sent yet are suppressed")
	@PostMapping("/{id}/cancel")
	public Campaigns.Campaign cancel(@PathVariable long id) {
		return this.campaigns.cancel(id);
	}

	@Operation(summary = "What the campaign did: targeted, suppressed by reason, sent, delivered, failed, "
			+ "opted out after it, tickets bought within 7 days")
	@GetMapping("/{id}/results")
	public Campaigns.Results results(@PathVariable long id) {
		return this.campaigns.results(id);
	}

}
