package dev.systemauth.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wiring speaks Jackson 3 only: Boot 4's web stack is Jackson 3, so there is no branch between Jackson 2
 * and 3 to keep in step. The one exception is the annotations package, which Jackson 3 still uses.
 */
class JacksonVersionTests {

	private static final Pattern JACKSON_2_IMPORT = Pattern
		.compile("^import\\s+(static\\s+)?com\\.fasterxml\\.jackson\\.(?!annotation\\.)", Pattern.MULTILINE);

	@Test
	void mainSourcesWhenScannedThenNoJackson2Import() throws IOException {
		Path sources = Path.of("src/main/java");
		assertThat(sources).isDirectory();
		List<Path> offenders;
		try (Stream<Path> files = Files.walk(sources)) {
			offenders = files.filter((file) -> file.toString().endsWith(".java"))
				.filter(JacksonVersionTests::importsJackson2)
				.toList();
		}
		assertThat(offenders).isEmpty();
	}

	@Test
	void patternWhenJackson2DatabindThenMatchesAndAnnotationsDoNot() {
		assertThat(JACKSON_2_IMPORT.matcher("import com.fasterxml.jackson.databind.ObjectMapper;").find()).isTrue();
		assertThat(JACKSON_2_IMPORT.matcher("import com.fasterxml.jackson.annotation.JsonCreator;").find()).isFalse();
		assertThat(JACKSON_2_IMPORT.matcher("import tools.jackson.databind.JsonNode;").find()).isFalse();
	}

	private static boolean importsJackson2(Path file) {
		try {
			return JACKSON_2_IMPORT.matcher(Files.readString(file)).find();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + file, ex);
		}
	}

}
