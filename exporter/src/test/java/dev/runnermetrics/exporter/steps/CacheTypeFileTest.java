package dev.runnermetrics.exporter.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runnermetrics.catalogue.CacheResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cache types as users write them: added and replacing types, and every mistake named precisely. */
class CacheTypeFileTest {

    private static final String GRADLE = String.join("\n",
            "gradle_configuration:",
            "  step: '^\\./gradlew |^gradle '",
            "  hit: '^Reusing configuration cache\\.$'",
            "  miss:",
            "    - '^Calculating task graph as no (?:cached configuration|configuration cache) is available'",
            "apt:",
            "  hit: '^Hit:\\d+ https://apt\\.internal/'",
            "  miss: '^Get:\\d+ https://apt\\.internal/'",
            "");

    private static List<String> names(List<CacheType> types) {
        return types.stream().map(CacheType::name).toList();
    }

    private static String error(String yaml) {
        return assertThrows(IllegalArgumentException.class, () -> CacheTypeFile.parse(yaml)).getMessage();
    }

    @Test
    void theShippedTypesInTheOrderTheyAreTried() {
        assertEquals(List.of("actions_cache", "setup_node", "setup_python", "setup_java", "setup_go", "buildkit", "apt",
                "npm"), names(CacheTypeFile.shipped()));
    }

    @Test
    void userTypesComeFirstAndReplaceShippedTypesOfTheSameName() {
        List<CacheType> user = CacheTypeFile.parse(GRADLE);
        List<CacheType> all = CacheTypeFile.withUserTypes(user, CacheTypeFile.shipped());
        assertEquals(List.of("gradle_configuration", "apt", "actions_cache", "setup_node", "setup_python",
                "setup_java", "setup_go", "buildkit", "npm"), names(all));
        assertEquals("^Hit:\\d+ https://apt\\.internal/", all.get(1).hits().get(0).pattern());

        CacheRecogniser recogniser = new CacheRecogniser(all);
        StepStream stream = new StepStream("pages", null);
        recogniser.accept("2026-11-01T10:00:00.0000000Z ##[group]Run ./gradlew build --configuration-cache", stream);
        assertEquals(new CacheRecogniser.Outcome("gradle_configuration", CacheResult.HIT),
                recogniser.accept("2026-11-01T10:00:01.0000000Z Reusing configuration cache.", stream));
        assertEquals(null, recogniser.accept("Hit:1 http://archive.ubuntu.com/ubuntu jammy InRelease", stream),
                "the replaced apt type counts only the internal mirror");
    }

    @Test
    void anEmptyFileAddsNothing() {
        assertEquals(List.of(), CacheTypeFile.parse("# no types yet\n"));
    }

    @Test
    void mistakesAreNamedWithTheTypeAndPattern() {
        assertEquals("type 'ccache': hit[1] is not a regular expression: Unclosed group near index 6 of ^(hit ",
                error("ccache:\n  hit: ['^cache hit', '^(hit ']\n"));
        assertEquals("type 'ccache': unknown key 'hits'; allowed: step, key, key-input, partial-hint, "
                        + "request, hit, miss",
                error("ccache:\n  hits: '^cache hit'\n"));
        assertEquals("type 'ccache' needs at least one hit or miss pattern", error("ccache:\n  step: 'ccache'\n"));
        assertEquals("cache type name 'CCache' must match [a-z][a-z0-9_]{0,63} (it becomes the cache_type label)",
                error("CCache:\n  hit: x\n"));
        assertEquals("type 'ccache': miss is empty and would match every line", error("ccache:\n  miss: ''\n"));
        assertEquals("type 'bazel': with request patterns, either every request, hit and miss pattern captures "
                        + "(?<id>...) or none does",
                error("bazel:\n  request: '^(?<id>\\w+) started'\n  hit: '^remote cache hit'\n"));
        assertEquals("must map cache type names to their patterns", error("- ccache\n"));
        assertEquals("type 'ccache': step must be one regular expression",
                error("ccache:\n  step: [a, b]\n  hit: x\n"));
    }

    @Test
    void keyShapeKeyInputAndPartialHintsNeedTheRestoredKey() {
        List<CacheType> types = CacheTypeFile.parse(String.join("\n",
                "bazel_disk:",
                "  step: 'bazel-contrib/setup-bazel@'",
                "  key: '^setup-bazel-'",
                "  key-input: Disk-Key",
                "  partial-hint: '^Found a cache for (?<key>\\S+) by prefix'",
                "  hit: '^Restored (?<key>\\S+)$'",
                ""));
        assertEquals("^setup-bazel-", types.get(0).key().pattern());
        assertEquals("disk-key", types.get(0).keyInput(), "input names are compared ignoring case");
        assertEquals("type 'ccache': key is not a regular expression: Unclosed group near index 2 of ^(",
                error("ccache:\n  key: '^('\n  hit: '^hit (?<key>.+)'\n"));
        assertEquals("type 'ccache': key must be one regular expression",
                error("ccache:\n  key: ['^a', '^b']\n  hit: '^hit (?<key>.+)'\n"));
        assertEquals("type 'ccache': key, key-input and partial-hint need a hit pattern that captures the restored "
                + "key as (?<key>...)", error("ccache:\n  key: '^ccache-'\n  hit: '^hit '\n"));
        assertEquals("type 'ccache': key-input must be the name of a step input (letters, digits, - and _), e.g. key",
                error("ccache:\n  key-input: 'the key'\n  hit: '^hit (?<key>.+)'\n"));
        assertEquals("type 'ccache': partial-hint must capture the key it announces as (?<key>...)",
                error("ccache:\n  partial-hint: '^restore-key hit'\n  hit: '^hit (?<key>.+)'\n"));
        assertEquals("type 'ccache': key, key-input and partial-hint do not go with request patterns",
                error("ccache:\n  key: '^k'\n  request: '^(?<id>\\d+) start'\n  hit: '^(?<id>\\d+) (?<key>.+)'\n"));
    }

    @Test
    void brokenYamlIsReported() {
        String message = error("ccache:\n  hit: '^cache hit\n");
        assertEquals(true, message.startsWith("is not valid YAML: "), message);
    }
}
