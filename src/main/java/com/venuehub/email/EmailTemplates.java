package com.venuehub.email;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import jakarta.annotation.PostConstruct;

import org.springframework.stereotype.Component;

/**
 * Renders emails from Mustache templates: a file in the configured templates folder wins
 * over the shipped one of the same name, so marketing edits a copy without rebuilding the
 * hub. Files are named {@code <kind>.<language>.html} and {@code <kind>.<language>.txt};
 * an edited file is picked up at the next message.
 */
@Component
public class EmailTemplates {

	static final List<String> KINDS = List.of("confirmation", "reminder", "stock-alert", "stock-digest");

	private static final String SHIPPED = "/email/templates/";

	private final Mustache.Compiler html = Mustache.compiler().defaultValue("").escapeHTML(true);

	private final Mustache.Compiler text = Mustache.compiler().defaultValue("").escapeHTML(false);

	private final Map<String, Compiled> cache = new ConcurrentHashMap<>();

	private final Map<String, Template> subjects = new ConcurrentHashMap<>();

	private final EmailProperties properties;

	public EmailTemplates(EmailProperties properties) {
		this.properties = properties;
	}

	/**
	 * Fails the start-up when a template or a subject is missing for a kind and language.
	 */
	@PostConstruct
	void check() {
		for (String kind : KINDS) {
			for (String language : this.properties.locales()) {
				template(kind + "." + language + ".html", this.html);
				template(kind + "." + language + ".txt", this.text);
				String key = kind + "-" + language;
				for (String venue : this.properties.venues().keySet()) {
					if (this.properties.venue(venue).subjects() == null
							|| this.properties.venue(venue).subjects().get(key) == null) {
						throw new IllegalStateException(
								"hub.email.venues." + venue + ".subjects." + key + " is missing (nor in default)");
					}
				}
			}
		}
	}

	public Rendered render(String kind, String language, EmailProperties.Venue venue, Map<String, Object> model) {
		String subjectTemplate = venue.subjects().get(kind + "-" + language);
		// a venue's subjects are few: each compiled once
		String subject = this.subjects.computeIfAbsent(subjectTemplate, this.text::compile).execute(model).strip();
		return new Rendered(subject, template(kind + "." + language + ".txt", this.text).execute(model),
				template(kind + "." + language + ".html", this.html).execute(model));
	}

	private Template template(String name, Mustache.Compiler compiler) {
		Path override = this.properties.templatesFolder() == null || this.properties.templatesFolder().isBlank() ? null
				: Path.of(this.properties.templatesFolder(), name);
		try {
			if (override != null && Files.isRegularFile(override)) {
				long modified = Files.getLastModifiedTime(override).toMillis();
				Compiled compiled = this.cache.get(override.toString());
				if (compiled == null || compiled.modified() != modified) {
					compiled = new Compiled(modified, compiler.compile(Files.readString(override)));
					this.cache.put(override.toString(), compiled);
				}
				return compiled.template();
			}
			return this.cache.computeIfAbsent(SHIPPED + name, key -> new Compiled(0, compiler.compile(shipped(key))))
				.template();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("email template " + override + " cannot be read", ex);
		}
	}

	private static String shipped(String resource) {
		try (InputStream in = EmailTemplates.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("no email template " + resource + " in the hub");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A rendered email: subject, plain text and HTML. */
	public record Rendered(String subject, String text, String html) {
	}

	private record Compiled(long modified, Template template) {
	}

}
