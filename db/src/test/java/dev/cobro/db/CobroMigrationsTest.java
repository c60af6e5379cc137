package dev.cobro.db;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class CobroMigrationsTest {

    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.*\\.sql");

    /**
     * isCurrent answers from this constant: a new migration file must raise it. The module's own
     * folder is read (Maven runs tests in the module's directory), since the tests also run
     * against the packaged jar, where the migrations are no folder.
     */
    @Test
    void theLatestVersionIsTheNewestMigrationFile() throws IOException {
        Path folder = Path.of("src/main/resources/dev/cobro/db/migration");
        int newest;
        try (Stream<Path> files = Files.list(folder)) {
            newest = files.map(f -> VERSIONED.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1)))
                    .max().orElseThrow();
        }

        assertThat(CobroMigrations.LATEST_VERSION).isEqualTo(newest);
    }
}
