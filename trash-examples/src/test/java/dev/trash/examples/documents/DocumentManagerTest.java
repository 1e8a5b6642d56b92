package dev.trash.examples.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Runs the nested-folders walk-through on a fresh H2 database and checks what it prints and what it leaves. */
class DocumentManagerTest {
    private static final String URL = "jdbc:h2:mem:documents-test;DB_CLOSE_DELAY=-1";

    @Test
    @DisplayName("R37 R4 R10 R12 R13 R18 the document manager deletes a folder three levels deep with its subtree, keeps a "
            + "sub-folder trashed before as its own item, refuses its restore while the ancestor is in the Trash, "
            + "restores exactly the ancestor's own rows and purges the nested item with the ancestor")
    void walksThroughNestedFolders() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DocumentManager.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), URL);
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(out).contains("deleted Drafts +2 (46000 bytes, expires in 30d)");
        assertThat(out).contains("deleted 2026 +6 (340000 bytes, expires in 30d) (Drafts stays its own item)");
        assertThat(out).containsPattern("2026 \\+6 +folder +2026-11-02 10:00 +30d +332\\.0 KB");
        assertThat(out).containsPattern("Drafts \\+2 +folder +2026-11-02 08:00 +30d +44\\.9 KB");
        assertThat(out).contains("refused: Cannot restore folder while its parent folder is in trash. "
                + "Restore the folder first.");
        assertThat(out).contains("restored 7 rows (2026 and its 6 cascaded children); Drafts is still in the Trash");
        assertThat(out).contains("deleted 2026 +6 (340000 bytes, expires in 30d)\n  purged 2 items, 386000 bytes");
        assertThat(out).contains("the Trash now: 0 items");
        assertThat(out).contains("rows left: folders 3, documents 1, trash items 0");

        // The tree after the restore: 2026 back with all its own, Invoices without Drafts.
        String restoredTree = section(out, "== Restore 2026");
        assertThat(restoredTree).contains(String.join("\n",
                "        2026/",
                "          Contracts/",
                "            Signed/",
                "              contract-signed.pdf",
                "            contract.pdf",
                "          Invoices/",
                "            invoice-001.pdf",
                ""));
        assertThat(restoredTree).doesNotContain("draft-1.docx");
        // While 2026 is in the Trash, nothing of it shows in the host's views.
        assertThat(section(out, "== Alice deletes 2026, three levels down")).contains(String.join("\n",
                "  active documents:",
                "    Clients/",
                "      Acme Corp/",
                "    Personal/",
                "      cv.pdf",
                ""));

        // The database: the subtree and the nested item are gone for good; the rest is active.
        Jdbi jdbi = Jdbi.create(URL);
        assertThat(ids(jdbi, "SELECT id FROM folders ORDER BY id")).containsExactly("acme-corp", "clients", "personal");
        assertThat(ids(jdbi, "SELECT id FROM documents")).containsExactly("d6");
        assertThat(count(jdbi, "SELECT COUNT(*) FROM folders WHERE trash_item IS NOT NULL")).isZero();
        assertThat(count(jdbi, "SELECT COUNT(*) FROM trash_item")).isZero();
    }

    private static List<String> ids(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
    }

    private static long count(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    /** @return the output from the line starting with {@code heading} to the next heading */
    private static String section(String out, String heading) {
        int start = out.indexOf(heading);
        assertThat(start).as(heading).isNotNegative();
        int end = out.indexOf("\n== ", start + heading.length());
        return out.substring(start, end < 0 ? out.length() : end + 1);
    }

    @Test
    @DisplayName("trash-jdbi/README.md's excerpt of the document manager's output is what it prints today")
    void readmeShowsTheWalkThrough() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DocumentManager.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), "jdbc:h2:mem:documents-readme;DB_CLOSE_DELAY=-1");
        String out = bytes.toString(StandardCharsets.UTF_8);
        String readme = Files.readString(Path.of("../trash-jdbi/README.md"));
        String section = readme.substring(readme.indexOf("## Folders in folders on Jdbi: the document manager"));
        String start = "Part of what it prints:\n\n```\n";
        String excerpt = section.substring(section.indexOf(start) + start.length());
        excerpt = excerpt.substring(0, excerpt.indexOf("```"));
        assertThat(excerpt.lines().filter(l -> !l.isBlank()).count()).isGreaterThan(15);
        excerpt.lines().filter(l -> !l.isBlank()).forEach(line -> assertThat(out).contains(line + "\n"));
    }

    @Test
    @DisplayName("R37 the walk-through's tables are the ones its description names: a folder is its own parent type")
    void describesNestedFolders() {
        assertThat(DocumentManager.TABLES.get(0).resourceType().nested()).isTrue();
        assertThat(DocumentManager.TABLES.get(1).resourceType().parent()).contains("folder");
        assertThat(List.copyOf(DocumentManager.HOST_DDL)).anyMatch(d -> d.contains("REFERENCES folders (id)"));
    }
}
