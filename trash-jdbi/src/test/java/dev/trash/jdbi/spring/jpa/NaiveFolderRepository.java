package dev.trash.jdbi.spring.jpa;

import org.springframework.data.jpa.repository.JpaRepository;

/** The repository of the naive mapping. */
public interface NaiveFolderRepository extends JpaRepository<NaiveFolder, String> {
}
