package com.example.backlog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacklogReportTest {

    @Test
    void theReportCountsWhatTheVerbsDid(@TempDir Path dir) {
        BacklogReport.Report report = BacklogReport.run(dir.resolve("features.db"));
        assertEquals(Map.of("Login", 3, "Logout", 1, "Recipe list", 2), report.eventsPerFeature());   // created, claimed, passed
        assertEquals(Map.of("auth", 1), report.passingPerCategory());
        assertEquals(1, report.open());
    }
}
