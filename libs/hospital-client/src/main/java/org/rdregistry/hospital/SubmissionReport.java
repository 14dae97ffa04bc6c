package org.rdregistry.hospital;

import java.util.List;

import org.rdregistry.hospital.mapping.RowProblem;

/**
 * The outcome of submitting a file.
 *
 * @param rows data rows read (blank rows not counted)
 * @param accepted records intake accepted as new
 * @param duplicates records intake already had (a re-run of an unchanged file gives only duplicates)
 * @param badRows rows that were not submitted, with row number, column and reason (no values)
 * @param failedBatches batches intake refused or that could not be delivered
 * @param notSubmitted good rows never sent because the run was aborted
 * @param abortReason why the run stopped early (registry unavailable, token refused), or null
 */
public record SubmissionReport(int rows, int accepted, int duplicates, List<RowProblem> badRows,
                               List<FailedBatch> failedBatches, int notSubmitted, String abortReason) {

    public SubmissionReport {
        badRows = badRows.stream().sorted().toList();
        failedBatches = List.copyOf(failedBatches);
    }

    /** A batch that was not written, with the rows it held. */
    public record FailedBatch(List<Integer> rowNumbers, String reason) {
        public FailedBatch {
            rowNumbers = List.copyOf(rowNumbers);
        }
    }

    /** Number of distinct rows with problems. */
    public long badRowCount() {
        return badRows.stream().mapToInt(RowProblem::rowNumber).distinct().count();
    }

    /** Every good row reached the registry (bad rows aside). */
    public boolean delivered() {
        return failedBatches.isEmpty() && notSubmitted == 0 && abortReason == null;
    }

    /** Every row reached the registry and none was bad. */
    public boolean complete() {
        return delivered() && badRows.isEmpty();
    }
}
