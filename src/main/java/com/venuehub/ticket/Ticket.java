package com.venuehub.ticket;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A ticket with its validity dates and status (VALID, USED, CANCELLED). Written by unify.
 */
@Entity
@Table(name = "ticket")
public class Ticket {

	@Id
	@Column(name = "ticket_number")
	private String number;

	@Column(name = "customer_id")
	private Long customerId;

	private String source;

	@Column(name = "sale_ref")
	private String saleRef;

	private String venue;

	@Column(name = "product_code")
	private String productCode;

	@Column(name = "product_name")
	private String productName;

	@Column(name = "valid_from")
	private LocalDate validFrom;

	@Column(name = "valid_until")
	private LocalDate validUntil;

	private BigDecimal price;

	private String status;

	@Column(name = "sold_at")
	private Instant soldAt;

	@Column(name = "used_at")
	private Instant usedAt;

	@Column(name = "cancelled_at")
	private Instant cancelledAt;

	protected Ticket() {
	}

	public String getNumber() {
		return this.number;
	}

	public Long getCustomerId() {
		return this.customerId;
	}

	public String getSource() {
		return this.source;
	}

	public String getSaleRef() {
		return this.saleRef;
	}

	public String getVenue() {
		return this.venue;
	}

	public String getProductCode() {
		return this.productCode;
	}

	public String getProductName() {
		return this.productName;
	}

	public LocalDate getValidFrom() {
		return this.validFrom;
	}

	public LocalDate getValidUntil() {
		return this.validUntil;
	}

	public BigDecimal getPrice() {
		return this.price;
	}

	public String getStatus() {
		return this.status;
	}

	public Instant getSoldAt() {
		return this.soldAt;
	}

	public Instant getUsedAt() {
		return this.usedAt;
	}

	public Instant getCancelledAt() {
		return this.cancelledAt;
	}

}
