package dev.trash.jdbi.spring.jpa;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** The host's Spring Data repository of folders. */
public interface FolderRepository extends JpaRepository<Folder, String> {
    /** @return the folders whose name starts with {@code prefix} (a derived query) */
    List<Folder> findByNameStartingWith(String prefix);
}
