package org.rdregistry.hospital.mapping;

/**
 * Why one row of the file was not submitted. Names the row (the line it starts on, header = 1) and the
 * column (null for the row as a whole); the reason never contains the value.
 */
public record RowProblem(int rowNumber, String column, String reason) implements Comparable<RowProblem> {

    @Override
    public int compareTo(RowProblem o) {
        return Integer.compare(rowNumber, o.rowNumber);
    }

    @Override
    public String toString() {
        return "row " + rowNumber + (column == null ? "" : ", " + column) + ": " + reason;
    }
}
