package dev.cobro.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

class HeapHoldTest {

    private static final HotSpotDiagnosticMXBean HOT_SPOT =
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    private static String ratio() {
        return HOT_SPOT.getVMOption(HeapHold.FLAG).getValue();
    }

    @Test
    void aGcKeepsTheHeapWhileHeldAndTheRatioComesBackAfter() {
        String before = ratio();
        try (HeapHold hold = HeapHold.hold()) {
            assertThat(hold.held()).isTrue();
            assertThat(ratio()).isEqualTo("100");
        }
        assertThat(ratio()).isEqualTo(before);
    }

    @Test
    void heldTwiceTheOuterValueComesBackLast() {
        String before = ratio();
        try (HeapHold outer = HeapHold.hold()) {
            try (HeapHold inner = HeapHold.hold()) {
                assertThat(inner.held()).isTrue();
            }
            assertThat(ratio()).as("the inner hold gives back what it found: still held").isEqualTo("100");
        }
        assertThat(ratio()).isEqualTo(before);
    }
}
