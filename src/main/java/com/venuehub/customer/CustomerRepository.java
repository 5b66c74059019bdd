package com.venuehub.customer;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Customers as the API reads them. */
public interface CustomerRepository extends JpaRepository<Customer, Long> {

	Page<Customer> findByMergedIntoIsNullAndErasedAtIsNullOrderByIdAsc(Pageable pageable);

	@Query("select c from Customer c where c.mergedInto is null and c.id in "
			+ "(select i.customerId from CustomerIdentifier i where i.kind = ?1 and i.value = ?2)")
	List<Customer> findByIdentifier(String kind, String value);

	@Query("select m from MergeRecord m where m.survivorId = ?1 or m.survivorId in "
			+ "(select c.id from Customer c where c.mergedInto = ?1) order by m.mergedAt, m.id")
	List<MergeRecord> mergesOf(Long customerId);

	default Optional<Customer> findLive(Long id) {
		Optional<Customer> customer = findById(id);
		// a merged id answers with its survivor (merges re-point older merges, so one hop
		// is enough)
		return customer.flatMap(c -> c.getMergedInto() == null ? Optional.of(c) : findById(c.getMergedInto()));
	}

}
