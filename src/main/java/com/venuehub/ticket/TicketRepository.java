package com.venuehub.ticket;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/** Tickets as the API reads them. */
public interface TicketRepository extends JpaRepository<Ticket, String> {

	List<Ticket> findByCustomerIdOrderBySoldAtAscNumberAsc(Long customerId);

}
