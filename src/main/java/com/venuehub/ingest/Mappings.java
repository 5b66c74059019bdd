package com.venuehub.ingest;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.schibsted.spt.data.jslt.Expression;
import com.schibsted.spt.data.jslt.JsltException;
import com.schibsted.spt.data.jslt.Parser;
import com.venuehub.platform.RecordRejectedException;

import org.springframework.stereotype.Component;

/**
 * The per-source JSLT mappings under {@code mappings/<source>/<kind>.jslt}, compiled at
 * start-up: an invalid mapping stops the hub with the file and the problem named.
 */
@Component
public class Mappings {

	private final Map<String, Expression> byName;

	private final Path folder;

	@org.springframework.beans.factory.annotation.Autowired
	public Mappings(IngestProperties properties) {
		this(Path.of(properties.mappings()));
	}

	public Mappings(Path folder) {
		this.folder = folder.toAbsolutePath().normalize();
		this.byName = load(this.folder);
	}

	private static Map<String, Expression> load(Path folder) {
		if (!Files.isDirectory(folder)) {
			throw new IllegalStateException("mapping folder " + folder + " does not exist (hub.ingest.mappings)");
		}
		Map<String, Expression> mappings = new TreeMap<>();
		try (Stream<Path> files = Files.walk(folder)) {
			for (Path file : files.filter(f -> f.toString().endsWith(".jslt")).sorted().toList()) {
				String name = folder.relativize(file).toString().replace('\\', '/').replaceAll("\\.jslt$", "");
				mappings.put(name, compile(file));
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read the mapping folder " + folder + ": " + ex.getMessage(), ex);
		}
		return Map.copyOf(mappings);
	}

	private static Expression compile(Path file) throws IOException {
		String text = Files.readString(file, StandardCharsets.UTF_8);
		try {
			return new Parser(new StringReader(text)).withSource(file.getFileName().toString())
				.withFunctions(List.of(PersonNames.jsltFunction()))
				.compile();
		}
		catch (JsltException ex) {
			throw new IllegalStateException("mapping " + file + " is invalid: " + ex.getMessage(), ex);
		}
	}

	/** Applies a mapping (e.g. {@code box-office/sale}) to one source record. */
	public JsonNode apply(String mapping, JsonNode record) {
		Expression expression = this.byName.get(mapping);
		if (expression == null) {
			throw new IllegalStateException("no mapping " + mapping + ".jslt in " + this.folder);
		}
		try {
			return expression.apply(record);
		}
		catch (JsltException ex) {
			String message = ex.getMessage() == null ? "" : ex.getMessage();
			// error("...") in a mapping is the mapping author's own reason: pass it on as
			// written
			if (message.startsWith("error: ")) {
				throw new RecordRejectedException(message.substring("error: ".length()), ex);
			}
			throw new RecordRejectedException("mapping " + mapping + " failed: " + message, ex);
		}
	}

	public boolean has(String mapping) {
		return this.byName.containsKey(mapping);
	}

	/** The sources that have a mapping (the folder names), sorted. */
	public Set<String> sources() {
		return this.byName.keySet()
			.stream()
			.filter(name -> name.contains("/"))
			.map(name -> name.substring(0, name.indexOf('/')))
			.collect(Collectors.toCollection(TreeSet::new));
	}

}
