package dev.migrator.spring.boot.app;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of {@code notes}, a table only the migration {@code V1__create_notes} creates. */
@Entity
@Table(name = "notes")
public class Note {

    @Id
    private Long id;

    @Column(name = "body", nullable = false, length = 200)
    private String body;

    protected Note() {}

    public Note(Long id, String body) {
        this.id = id;
        this.body = body;
    }

    public Long getId() {
        return id;
    }

    public String getBody() {
        return body;
    }
}
