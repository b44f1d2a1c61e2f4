package dev.migrator.core.internal.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migrator.api.ConfigurationException;
import dev.migrator.spi.Backend;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.DocumentCodec;
import dev.migrator.spi.ParsedStatement;
import dev.migrator.spi.ScriptSyntax;
import dev.migrator.spi.TargetSession;
import dev.migrator.spi.ValueKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * DOCUMENT values are maps in every session and JSON text in a backup: the backend's {@link DocumentCodec} turns one
 * into the other, and the bytes are those of the text (so backups written when documents crossed the SPI as text have
 * the same bytes and checksums).
 */
class RowCodecDocumentTest {

    private static final List<ColumnInfo> COLUMNS = List.of(ColumnInfo.of("document", "document", ValueKind.DOCUMENT));

    /** A codec of plain JSON that, like MongoDB's, writes spaces the backup then leaves out. */
    private static final DocumentCodec CODEC = new DocumentCodec() {
        private final ObjectMapper mapper = new ObjectMapper();

        @Override
        public String toJson(Map<String, Object> document) {
            try {
                return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(document);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map<String, Object> fromJson(String json) {
            try {
                return mapper.readValue(json, LinkedHashMap.class);
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
    };

    private static Map<String, Object> document() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("_id", Map.of("$oid", "65a1b2c3d4e5f60718293a4b"));
        d.put("n", Map.of("$numberInt", "42"));
        d.put("tags", List.of("a", "b"));
        return d;
    }

    @Test
    void write_mapThroughTheCodec_givesTheBytesOfItsTextWrittenAsText() throws Exception {
        String asMap = encode(new RowCodec(COLUMNS, CODEC), new Object[] {document()});
        String asText = encode(new RowCodec(COLUMNS), new Object[] {CODEC.toJson(document())});

        assertThat(asMap).isEqualTo(asText)
                .isEqualTo("[{\"_id\":{\"$oid\":\"65a1b2c3d4e5f60718293a4b\"},\"n\":{\"$numberInt\":\"42\"},\"tags\":[\"a\",\"b\"]}]");
    }

    @Test
    void read_withTheCodec_givesTheMap_andWithoutIt_theText() throws Exception {
        String line = encode(new RowCodec(COLUMNS, CODEC), new Object[] {document()});

        try (var p = RowCodec.JSON.createParser(line)) {
            assertThat(new RowCodec(COLUMNS, CODEC).read(p)[0]).isEqualTo(document());
        }
        try (var p = RowCodec.JSON.createParser(line)) {
            assertThat(new RowCodec(COLUMNS).read(p)[0])
                    .isEqualTo("{\"_id\":{\"$oid\":\"65a1b2c3d4e5f60718293a4b\"},\"n\":{\"$numberInt\":\"42\"},\"tags\":[\"a\",\"b\"]}");
        }
    }

    @Test
    void write_mapWithoutACodec_isAConfigurationExceptionNamingTheColumn() {
        assertThatThrownBy(() -> encode(new RowCodec(COLUMNS), new Object[] {document()}))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Column document holds documents (ValueKind.DOCUMENT), but its backend offers no "
                        + "DocumentCodec (Backend.documents())");
    }

    @Test
    void codec_ofABackendWithDocumentsButNoCodec_isRefusedBeforeAnythingIsRead() {
        assertThatThrownBy(() -> BackupDocuments.codec(backend(Optional.empty()), "docs", List.of(COLUMNS)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Connection 'docs' (docdb) has tables of documents (ValueKind.DOCUMENT columns), but its "
                        + "backend offers no DocumentCodec to turn them into a backup's JSON text and back "
                        + "(Backend.documents()); a backend with DOCUMENT columns must offer one. Nothing was read or written.");
    }

    @Test
    void codec_isAskedForOnlyWhenATableHasDocuments() {
        List<ColumnInfo> plain = List.of(ColumnInfo.of("id", "bigint", ValueKind.INTEGER));

        assertThat(BackupDocuments.codec(backend(Optional.empty()), "sql", List.of(plain))).isNull();
        assertThat(BackupDocuments.codec(backend(Optional.of(CODEC)), "docs", List.of(plain, COLUMNS))).isSameAs(CODEC);
    }

    private static Backend backend(Optional<DocumentCodec> documents) {
        return new Backend() {
            @Override
            public String product() {
                return "docdb";
            }

            @Override
            public boolean transactionalDdl() {
                return false;
            }

            @Override
            public String defaultSchema() {
                return "db";
            }

            @Override
            public Iterator<ParsedStatement> parse(Reader script, String source) {
                throw new UnsupportedOperationException();
            }

            @Override
            public ScriptSyntax scriptSyntax() {
                throw new UnsupportedOperationException();
            }

            @Override
            public TargetSession openSession(String schema, String historyTable) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<DocumentCodec> documents() {
                return documents;
            }

            @Override
            public void close() {}
        };
    }

    private static String encode(RowCodec codec, Object[] row) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = RowCodec.JSON.createGenerator(out)) {
            codec.write(g, row);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
