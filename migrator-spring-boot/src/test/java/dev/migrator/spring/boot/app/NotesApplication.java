package dev.migrator.spring.boot.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small JPA application for the start-up tests: its one entity's table is created only by a migration
 * ({@code db/boot/jpa}), and Hibernate validates the schema when it starts ({@code ddl-auto=validate}), so the context
 * fails to start if JPA initialises before migrator.
 */
@SpringBootApplication
public class NotesApplication {}
