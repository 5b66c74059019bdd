package com.venuehub.console;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.venuehub.platform.Role;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The administrator's read-only page: who may log in to the console, with which roles (as
 * configured under {@code hub.console.users}; never their passwords), then each
 * capability's section (the resellers).
 */
@Controller
@ConsolePage
public class AdminPages {

	private final List<UserView> users;

	private final List<AdminSection> sections;

	public AdminPages(ConsoleProperties properties, List<AdminSection> sections) {
		this.users = properties.users()
			.entrySet()
			.stream()
			.map(e -> new UserView(e.getKey(), e.getValue().roles(), e.getValue().reseller()))
			.sorted(Comparator.comparing(UserView::name))
			.toList();
		this.sections = sections.stream().sorted(Comparator.comparingInt(AdminSection::order)).toList();
	}

	@GetMapping("/console/admin")
	String admin(Model model) {
		model.addAttribute("users", this.users);
		model.addAttribute("sections", this.sections.stream().map(s -> new Shown(s.template(), s.model())).toList());
		return "console/admin";
	}

	/** A console user as the page shows it. */
	public record UserView(String name, List<Role> roles, String reseller) {
	}

	/** A section as the page draws it. */
	public record Shown(String template, Map<String, Object> model) {
	}

}
