package dev.migrator.api;

/**
 * Something wrong with one metadata item or file, reported without stopping the others.
 *
 * @param source the file, loader or import it came from
 * @param location where in it (e.g. {@code line 3, column 17}), or {@code null}
 * @param item the item's {@code type/namespace/name}, or {@code null} when unknown
 * @param message what is wrong and what to do
 */
public record MetadataProblem(String source, String location, String item, String message) {

    @Override
    public String toString() {
        return source + (location == null ? "" : " " + location) + (item == null ? "" : " (" + item + ")") + ": " + message;
    }
}
