package com.venuehub.customer;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One merge of two customers (or its undoing): which rule, on which identifier or score,
 * caused by which event.
 */
@Entity
@Table(name = "merge_log")
public class MergeRecord {

	@Id
	private Long id;

	@Column(name = "survivor_id")
	private Long survivorId;

	@Column(name = "merged_id")
	private Long mergedId;

	private String rule;

	@Column(name = "identifier_kind")
	private String identifierKind;

	@Column(name = "identifier_value")
	private String identifierValue;

	@Column(name = "event_id")
	private String eventId;

	@Column(name = "merged_at")
	private Instant mergedAt;

	private Double score;

	@Column(name = "unmerged_at")
	private Instant unmergedAt;

	protected MergeRecord() {
	}

	public Long getId() {
		return this.id;
	}

	public Double getScore() {
		return this.score;
	}

	public Instant getUnmergedAt() {
		return this.unmergedAt;
	}

	public Long getSurvivorId() {
		return this.survivorId;
	}

	public Long getMergedId() {
		return this.mergedId;
	}

	public String getRule() {
		return this.rule;
	}

	public String getIdentifierKind() {
		return this.identifierKind;
	}

	public String getIdentifierValue() {
		return this.identifierValue;
	}

	public String getEventId() {
		return this.eventId;
	}

	public Instant getMergedAt() {
		return this.mergedAt;
	}

}
