package dev.runnermetrics.exporter.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The small YAML form of the shipped cache types reads as full YAML reads it, and any other text is left to YAML. */
class CacheTypeYamlTest {

    @Test
    void theShippedFileIsInTheSmallFormAndReadsAsYamlReadsIt() throws IOException {
        String shipped;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(CacheTypeFile.SHIPPED)) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Optional<?> small = CacheTypeYaml.read(shipped);
        assertTrue(small.isPresent(), "the shipped file left the small form: keep it in it (CacheTypeYaml)");
        assertEquals(FullYaml.read(shipped), small.get());
    }

    @Test
    void textInTheSmallFormReadsAsYamlReadsIt() {
        for (String yaml : List.of("", "# only a comment\n\n",
                "a:\n  hit: 'x''s # not a comment'   # a comment\n  key-input: Key\nb:\n  miss:\n    - 'm1'\n"
                        + "    - 'm2' # c\n",
                "a:\r\n  hit: '^x'\r\n")) {
            Optional<?> small = CacheTypeYaml.read(yaml);
            assertTrue(small.isPresent(), yaml);
            Object full = FullYaml.read(yaml);
            assertEquals(full == null ? java.util.Map.of() : full, small.get(), yaml);
        }
    }

    @Test
    void anyOtherTextIsLeftToYaml() {
        for (String yaml : List.of("a:\n  hit: \"x\"\n", "a:\n  hit: x\n  hit: y\n", "a:\n  key-input: true\n",
                "a:\n  hit: 12\n", "a:\n  hit:\n  - 'x'\n", "a:\n  hit:\n", "a:\nb:\n  hit: 'x'\n",
                "a: {hit: 'x'}\n", "---\na:\n  hit: 'x'\n", "a:\n\thit: 'x'\n", "a:\n  hit: 'x'#c\n",
                "a:\n  hit: 'x\n    y'\n", "A:\n  hit: 'x'\n", "a:\n  hit: 'x'\na:\n  miss: 'y'\n")) {
            assertEquals(Optional.empty(), CacheTypeYaml.read(yaml), yaml);
        }
    }

    @Test
    void aUserFileBeyondTheSmallFormStillGivesItsTypes() {
        List<CacheType> types = CacheTypeFile.parse("ccache: {hit: \"^ccache hit (?<key>.+)$\", miss: [\"^miss\"]}\n");
        assertEquals("ccache", types.get(0).name());
        assertEquals(List.of("^miss"), types.get(0).misses().stream().map(java.util.regex.Pattern::pattern).toList());
    }
}
