package dev.cobro.bootstrap.events;

import dev.cobro.application.port.out.OutcomeEvent;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.testkit.ProviderSandbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Runs every flow, delivers the events and asks for health, in a JVM whose classpath holds no
 * Micrometer ({@link WithoutMicrometerIT} starts it): a host without Micrometer runs Cobro.
 * Exit 0 when all went well; its output says what did not.
 */
public final class WithoutMicrometerMain {

    static final String JDBC_URL = "COBRO_NOMETRICS_JDBC_URL";
    static final String JDBC_USER = "COBRO_NOMETRICS_JDBC_USER";
    static final String JDBC_PASSWORD = "COBRO_NOMETRICS_JDBC_PASSWORD";
    static final String DONE = "flows done without Micrometer, events delivered: ";

    private WithoutMicrometerMain() {
    }

    public static void main(String[] args) {
        try {
            Class.forName("io.micrometer.core.instrument.MeterRegistry");
            System.out.println("Micrometer is on this classpath: the test proves nothing");
            System.exit(3);
        } catch (ClassNotFoundException expected) {
            System.out.println("no Micrometer on the classpath, as intended");
        }
        List<OutcomeEvent> received = Collections.synchronizedList(new ArrayList<>());
        try (ProviderSandbox sandbox = ProviderSandbox.builder().port(0).start();
             Cobro cobro = EventFlows.cobroOn(sandbox)
                     .jdbcUrl(System.getenv(JDBC_URL), System.getenv(JDBC_USER), System.getenv(JDBC_PASSWORD))
                     .onOutcome(received::add)
                     .build()) {
            EventFlows.runAll(cobro, sandbox);
            int delivered = EventFlows.deliverAll(cobro);
            if (!cobro.health().healthy() || delivered != received.size() || delivered < 11) {
                System.out.println("unexpected: health " + cobro.health() + ", delivered " + delivered);
                System.exit(4);
            }
            System.out.println(DONE + delivered);
        }
        System.exit(0);
    }
}
