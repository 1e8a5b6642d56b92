package dev.trash.jdbi.spring.jpa;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** The host's Spring Data repository of documents. */
public interface DocumentRepository extends JpaRepository<Document, String> {
    /** @return the documents of a folder (a JPQL query) */
    @Query("select d from Document d where d.folderId = ?1 order by d.id")
    List<Document> inFolder(String folderId);
}
