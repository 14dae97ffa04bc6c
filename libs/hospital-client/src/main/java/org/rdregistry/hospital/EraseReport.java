package org.rdregistry.hospital;

import java.util.List;

import org.rdregistry.hospital.mapping.RowProblem;

/**
 * The outcome of erasing the patients listed in a file.
 *
 * @param rows data rows read
 * @param erased patient/cohort keys erased (erasing an unknown patient also counts: it is idempotent)
 * @param badRows rows not erased, with reasons
 * @param notErased keys never sent because the run was aborted
 * @param abortReason why the run stopped early, or null
 */
public record EraseReport(int rows, int erased, List<RowProblem> badRows, int notErased, String abortReason) {
    public EraseReport {
        badRows = badRows.stream().sorted().toList();
    }

    public boolean complete() {
        return badRows.isEmpty() && notErased == 0 && abortReason == null;
    }
}
