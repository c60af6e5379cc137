package dev.cobro.db;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class CobroMigrationsTest {

    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.*\\.sql");

    /** isCurrent answers from this constant: a new migration file must raise it. */
    @Test
    void theLatestVersionIsTheNewestMigrationFile() throws IOException, URISyntaxException {
        Path folder = Path.of(CobroMigrations.class.getResource("/dev/cobro/db/migration").toURI());
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
