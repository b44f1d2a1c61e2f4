package dev.migrator.core.internal.schema;

import dev.migrator.api.ScriptParseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A script's up or down text: held in memory when it was given in code as a string, or read again from its file or
 * class-path resource each time it is used, so that a script larger than the heap is never held whole.
 */
sealed interface ScriptText permits ScriptText.InMemory, ScriptText.Resource {

    /**
     * Opens the text from its start; the caller closes it. Reading a resource that is not valid UTF-8 throws a
     * {@link java.nio.charset.CharacterCodingException} from {@code read}.
     *
     * @throws ScriptParseException when a resource cannot be opened
     */
    Reader open();

    /** Text given in code. */
    record InMemory(String text) implements ScriptText {
        @Override
        public Reader open() {
            return new StringReader(text);
        }
    }

    /** A file or class-path resource, decoded as strict UTF-8 as it is read. */
    record Resource(String path, Opener opener) implements ScriptText {
        @Override
        public Reader open() {
            try {
                return new InputStreamReader(opener.open(), StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT));
            } catch (IOException e) {
                throw new ScriptParseException("Cannot read script " + ScriptNames.escape(path) + ": " + e.getMessage()
                        + ". Check that it still exists and is readable.", e);
            }
        }
    }

    /** Opens a resource's bytes. */
    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }
}
