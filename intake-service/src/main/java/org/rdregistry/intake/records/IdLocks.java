package org.rdregistry.intake.records;

import java.util.Collection;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks by record id, so that within one instance the check "is this id new?" and the write
 * that follows are atomic: two concurrent submissions of the same id cannot both be written. Stripes
 * are taken in ascending order, so batches cannot deadlock. Blocking: use off the event loop.
 */
final class IdLocks {

    private final ReentrantLock[] stripes;

    IdLocks(int count) {
        stripes = new ReentrantLock[count];
        for (int i = 0; i < count; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** Holds the stripes of all ids until closed. */
    Held lock(Collection<String> ids) {
        TreeSet<Integer> indexes = new TreeSet<>();
        ids.forEach(id -> indexes.add(Math.floorMod(id.hashCode(), stripes.length)));
        int[] taken = indexes.stream().mapToInt(Integer::intValue).toArray();
        for (int i : taken) {
            stripes[i].lock();
        }
        return () -> {
            for (int k = taken.length - 1; k >= 0; k--) {
                stripes[taken[k]].unlock();
            }
        };
    }

    interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
