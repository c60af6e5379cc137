package dev.cobro.application.fakes;

import dev.cobro.application.port.out.StoreRefusedValueException;
import dev.cobro.application.port.out.StoreUnavailableException;

/**
 * Makes a fake store fail like a database that went away: the next write, the write after N good
 * ones, or everything until switched back. A failed call changes nothing.
 */
final class FaultSwitch {

    private int writesBeforeFailure = -1;
    private boolean unavailable;
    private boolean refuseValueOnce;

    synchronized void failWriteAfter(int goodWrites) {
        if (goodWrites < 0) {
            throw new IllegalArgumentException("goodWrites " + goodWrites + " must not be negative");
        }
        writesBeforeFailure = goodWrites;
    }

    /** The next write is refused as a database refuses a value it cannot hold (SQLSTATE class 22). */
    synchronized void refuseValueOnce() {
        refuseValueOnce = true;
    }

    synchronized void unavailable(boolean down) {
        unavailable = down;
    }

    synchronized void beforeRead(String what) {
        if (unavailable) {
            throw new StoreUnavailableException("fake store is unavailable (" + what + ")");
        }
    }

    synchronized void beforeWrite(String what) {
        beforeRead(what);
        if (refuseValueOnce) {
            refuseValueOnce = false;
            throw new StoreRefusedValueException("fake store refused a value (" + what + ")", null);
        }
        if (writesBeforeFailure == 0) {
            writesBeforeFailure = -1;
            throw new StoreUnavailableException("fake store failed on purpose (" + what + ")");
        }
        if (writesBeforeFailure > 0) {
            writesBeforeFailure--;
        }
    }
}
