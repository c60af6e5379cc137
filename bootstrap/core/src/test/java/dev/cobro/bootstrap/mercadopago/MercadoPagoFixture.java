package dev.cobro.bootstrap.mercadopago;

import dev.cobro.application.fakes.ControllableClock;
import dev.cobro.application.port.in.PaymentView;
import dev.cobro.application.port.in.ResolutionReport;
import dev.cobro.application.port.in.ResolveUnknownOutcomesCommand;
import dev.cobro.application.testing.CapturedLogs;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.testkit.MercadoPagoSimulator;
import dev.cobro.testkit.ProviderSandbox;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What every Mercado Pago IT runs on: the sandbox on a controllable clock (its timeout fault holds a
 * call 20 s), its Mercado Pago, a fresh database and a meter registry, started by {@link #startSandbox()}
 * in the class's {@code @BeforeAll}, which then builds its own Cobro on them. An IT that hosts a webhook
 * endpoint sets {@link #logs} and {@link #host} too. After the class, {@link MercadoPagoHost#stop} checks
 * and closes what was started, and the fields are cleared for the next class (JUnit runs the classes one
 * after another).
 */
abstract class MercadoPagoFixture {

    static final ProviderId MERCADO_PAGO = MercadoPagoHost.MERCADO_PAGO;

    static ControllableClock clock;
    static ProviderSandbox sandbox;
    static MercadoPagoSimulator mp;
    static TestDatabase.Handle db;
    static SimpleMeterRegistry registry;
    static Cobro cobro;
    static CapturedLogs logs;
    static MercadoPagoHost host;

    static void startSandbox() {
        clock = new ControllableClock(Instant.parse("2026-03-02T12:00:00Z"));
        sandbox = ProviderSandbox.builder().port(0).clock(clock).mercadoPagoTimeoutDelay(Duration.ofSeconds(20))
                .start();
        mp = sandbox.mercadoPago();
        db = TestDatabase.freshDatabase();
        registry = new SimpleMeterRegistry();
    }

    @AfterAll
    static void stopFixture() {
        try {
            MercadoPagoHost.stop(host, logs, cobro, sandbox);
        } finally {
            clock = null;
            sandbox = null;
            mp = null;
            db = null;
            registry = null;
            cobro = null;
            logs = null;
            host = null;
        }
    }

    /** One run of the resolver, as the scheduler runs it. */
    static ResolutionReport resolve() {
        return cobro.resolver().resolve(ResolveUnknownOutcomesCommand.DEFAULT);
    }

    /** What {@code report} changed of {@code payment}. */
    static List<ResolutionReport.Change> changesOf(PaymentView payment, ResolutionReport report) {
        return report.changes().stream().filter(c -> c.id().equals(payment.id().value())).toList();
    }

    /** Why {@code report} could not settle {@code payment}. */
    static List<String> problemsOf(PaymentView payment, ResolutionReport report) {
        return report.problems().stream().filter(p -> p.id().equals(payment.id().value()))
                .map(ResolutionReport.Problem::reason).toList();
    }
}
