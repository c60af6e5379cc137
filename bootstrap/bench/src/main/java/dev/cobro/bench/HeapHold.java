package dev.cobro.bench;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;

/**
 * Keeps the bench JVM's heap at the size it has grown to while the bench runs: a full GC does not
 * give memory back ({@code MaxHeapFreeRatio} 100, a flag HotSpot lets a running JVM change), and
 * the previous value comes back on {@link #close}.
 * <p>
 * Why: the bench collects before each measured phase, so that no side pays for the other's garbage.
 * With G1 and the default ratio that collection also shrank the heap to about four times the live
 * data, and the next phase grew it again when its allocation rate crossed G1's threshold, running
 * the rest of the phase on regions just committed again. Which phases crossed it depended on
 * the side before: a load run with a GC log found the heap shrunk to 108 MB and grown to 216-228 MB
 * in each Cobro phase that followed the baseline's two, never in one that followed Cobro's own, and
 * those phases cost 0.11-0.26 ms more of the JVM's CPU per operation (the baseline's, 0.03). A
 * service does not give its heap back and regrow it every few seconds; held, the per-round CPU
 * ratios no longer alternate with the round's order.
 */
final class HeapHold implements AutoCloseable {

    static final String FLAG = "MaxHeapFreeRatio";
    private static final String HELD = "100";

    private final HotSpotDiagnosticMXBean hotSpot;
    private final String previous;

    private HeapHold(HotSpotDiagnosticMXBean hotSpot, String previous) {
        this.hotSpot = hotSpot;
        this.previous = previous;
    }

    /**
     * Holds the heap where the JVM allows it; on a JVM without the flag, or one that refuses the
     * change, nothing is held and {@link #held()} says so (the report shows it).
     */
    static HeapHold hold() {
        try {
            HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (hotSpot == null) {
                return new HeapHold(null, null);
            }
            String previous = hotSpot.getVMOption(FLAG).getValue();
            hotSpot.setVMOption(FLAG, HELD);
            return new HeapHold(hotSpot, previous);
        } catch (IllegalArgumentException | SecurityException notThisJvm) {
            return new HeapHold(null, null);
        }
    }

    /** Whether a full GC keeps the heap's size for as long as this is open. */
    boolean held() {
        return previous != null;
    }

    @Override
    public void close() {
        if (held()) {
            hotSpot.setVMOption(FLAG, previous);
        }
    }
}
