package dev.migrator.spring.boot.app;

import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data access to {@link Note}. */
public interface NoteRepository extends JpaRepository<Note, Long> {}
