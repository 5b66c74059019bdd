package com.venuehub.feedback;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

import com.venuehub.console.ConsoleFormat;
import com.venuehub.console.ConsolePage;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Satisfaction per venue over time: the net promoter score week by week, as the API
 * computes it for each week.
 */
@Controller
@ConsolePage
public class NpsPage {

	private final NpsController nps;

	private final JdbcTemplate jdbc;

	private final ConsoleFormat format;

	public NpsPage(NpsController nps, JdbcTemplate jdbc, ConsoleFormat format) {
		this.nps = nps;
		this.jdbc = jdbc;
		this.format = format;
	}

	@GetMapping("/console/nps")
	String nps(@RequestParam(required = false) String venue, @RequestParam(defaultValue = "12") int weeks,
			Model model) {
		int span = Math.max(1, Math.min(weeks, 104));
		List<String> venues = venues();
		String shown = venue != null && !venue.isBlank() ? venue.strip() : venues.isEmpty() ? null : venues.get(0);
		model.addAttribute("venues", venues);
		model.addAttribute("venue", shown);
		model.addAttribute("weeks", span);
		if (shown == null) {
			return "feedback/nps";
		}
		LocalDate monday = this.format.today().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
		List<NpsController.Nps> perWeek = new ArrayList<>();
		for (int w = span - 1; w >= 0; w--) {
			LocalDate start = monday.minusWeeks(w);
			perWeek.add(this.nps.nps(shown, start.toString(), start.plusDays(6).toString()));
		}
		model.addAttribute("perWeek", perWeek);
		model.addAttribute("overall",
				this.nps.nps(shown, monday.minusWeeks(span - 1).toString(), monday.plusDays(6).toString()));
		List<String> labels = perWeek.stream()
			.map(n -> n.from().atZoneSameInstant(this.format.zone()).toLocalDate().toString())
			.toList();
		List<BigDecimal> scores = perWeek.stream().map(NpsController.Nps::nps).toList();
		model.addAttribute("chart", this.format.chart(new ConsoleFormat.Chart("line", labels,
				List.of(new ConsoleFormat.Series("net promoter score", scores)), false)));
		model.addAttribute("answersChart", this.format.chart(new ConsoleFormat.Chart("bar", labels,
				List.of(new ConsoleFormat.Series("promoters (9–10)",
						perWeek.stream().map(NpsController.Nps::promoters).toList(), "#1c7c3c"),
						new ConsoleFormat.Series("passives (7–8)",
								perWeek.stream().map(NpsController.Nps::passives).toList(), "#7a7f87"),
						new ConsoleFormat.Series("detractors (0–6)",
								perWeek.stream().map(NpsController.Nps::detractors).toList(), "#b3261e")),
				true)));
		return "feedback/nps";
	}

	/**
	 * The venues with kiosk answers, read one index entry per venue (a skip scan of the
	 * venue index).
	 */
	private List<String> venues() {
		return this.jdbc.queryForList("""
				with recursive v(venue) as (
				    (select venue from feedback_response order by venue limit 1)
				    union all
				    select (select r.venue from feedback_response r where r.venue > v.venue order by r.venue limit 1)
				    from v where v.venue is not null)
				select venue from v where venue is not null limit 200""", String.class);
	}

}
