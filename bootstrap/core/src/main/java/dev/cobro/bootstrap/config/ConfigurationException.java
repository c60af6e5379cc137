package dev.cobro.bootstrap.config;

import java.util.List;

/** Missing or malformed settings: every problem at once, never a secret's value. */
public class ConfigurationException extends RuntimeException {

    private final transient List<String> problems;

    public ConfigurationException(List<String> problems) {
        super("configuration: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
