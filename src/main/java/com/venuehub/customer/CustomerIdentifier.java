package com.venuehub.customer;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An email, phone (E.164) or loyalty card that identifies a customer, with where it was
 * first seen.
 */
@Entity
@Table(name = "customer_identifier")
public class CustomerIdentifier {

	@Id
	private Long id;

	@Column(name = "customer_id")
	private Long customerId;

	private String kind;

	private String value;

	private String source;

	@Column(name = "first_seen_at")
	private Instant firstSeenAt;

	protected CustomerIdentifier() {
	}

	public Long getCustomerId() {
		return this.customerId;
	}

	public String getKind() {
		return this.kind;
	}

	public String getValue() {
		return this.value;
	}

	public String getSource() {
		return this.source;
	}

	public Instant getFirstSeenAt() {
		return this.firstSeenAt;
	}

}
