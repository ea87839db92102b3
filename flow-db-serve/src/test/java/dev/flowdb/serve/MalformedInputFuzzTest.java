package dev.flowdb.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowdb.DependencyRef;
import dev.flowdb.Feature;
import dev.flowdb.NewFeature;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random and malformed bodies, ids and content types on every route: never a 5xx, and after every
 * refused call (4xx) the stored features and the change log are exactly as before.
 */
class MalformedInputFuzzTest {

    private static final String P = "/api/projects/p1/features";
    private static final String[] IDS = {"1", "2", "3", "0", "-1", "abc", "1.5", "1e3", "99999999999999999999999", "%20", "null", "%5B%5D", "3.0", "%2F"};
    private static final String[] ROUTES = {
        "GET " + P, "POST " + P, "POST " + P + "/bulk", "GET " + P + "/graph", "GET " + P + "/{id}", "PATCH " + P + "/{id}",
        "DELETE " + P + "/{id}", "PATCH " + P + "/{id}/skip", "POST " + P + "/{id}/resolve-human-input",
        "POST " + P + "/{id}/dependencies/{id}", "DELETE " + P + "/{id}/dependencies/{id}", "PUT " + P + "/{id}/dependencies",
        "POST /api/v1/claim-next", "POST /api/v1/features/{id}/pass", "POST /api/v1/features/{id}/fail",
        "GET /api/v1/events?after={id}", "GET /api/v1/ready?limit={id}", "GET /api/projects/{id}/features", "POST /mcp", "GET /mcp",
    };

    @TempDir
    Path temp;

    @Test
    void neverA5xxAndARefusedCallChangesNothing() throws Exception {
        Random random = new Random(20261202);
        try (ServerFixture s = ServerFixture.start(temp)) {
            s.db().features().create(new NewFeature("c", "a", "d", List.of("s")));
            s.db().features().create(new NewFeature("c", "b", "d", List.of("s")).dependsOn(DependencyRef.id(1)));
            s.db().features().create(new NewFeature("c", "c", "d", List.of("s")));
            int refused = 0;
            for (int i = 0; i < 700; i++) {
                String[] route = ROUTES[random.nextInt(ROUTES.length)].split(" ", 2);
                String path = route[1];
                while (path.contains("{id}")) {
                    path = path.replaceFirst("\\{id}", IDS[random.nextInt(IDS.length)]);
                }
                String body = random.nextInt(5) == 0 ? null : body(random);
                String type = switch (random.nextInt(6)) {
                    case 0 -> "text/plain";
                    case 1 -> null;
                    case 2 -> "application/merge-patch+json";
                    default -> "application/json";
                };
                List<Feature> before = s.dump();
                long eventsBefore = s.db().events().tail().eventId();
                // one connection per request: a malformed request may make the server close its connection
                // after answering, and the next request must not race that close (the answers are what is tested)
                ServerFixture.Answer answer = s.call(route[0], path, body, type, b -> b.header("Connection", "close"));
                String what = route[0] + " " + path + " " + type + " " + body + " -> " + answer.status() + " " + answer.body();
                assertThat(answer.status()).as(what).isLessThan(500);
                if (answer.status() >= 400) {
                    refused++;
                    assertThat(s.dump()).as(what).isEqualTo(before);
                    assertThat(s.db().events().tail().eventId()).as(what).isEqualTo(eventsBefore);
                    assertThat(answer.body()).as(what).doesNotContain("Exception").doesNotContain("\tat ");
                }
            }
            System.out.println("bad input (http): 700 random requests, " + refused + " refused, no 5xx, nothing changed by a refused one");
            assertThat(refused).isGreaterThan(300);
            // Jetty's own parser refuses a NUL in the path (and closes the connection): JSON too, no page
            ServerFixture.Answer nul = s.call("GET", P + "/%00");
            assertThat(nul.status()).isEqualTo(400);
            assertThat(nul.body()).isEqualTo("{\"detail\":\"Bad Request\"}");
        }
    }

    private static String body(Random random) {
        String[] values = {"null", "1", "-3", "2.5", "true", "\"x\"", "\"\"", "[]", "[1,2]", "[\"a\"]", "{}", "[null]", "1e400",
            "\"" + "y".repeat(300) + "\"", "[1,1,1]", "{\"a\":{}}", "[" + "1,".repeat(25) + "1]"};
        String[] keys = {"category", "name", "description", "steps", "priority", "dependencies", "features", "starting_priority",
            "fields", "dependency_ids", "id", "passes"};
        switch (random.nextInt(6)) {
            case 0:
                return values[random.nextInt(values.length)];
            case 1:
                return "{\"category\":" + values[random.nextInt(values.length)] + ",\"name\":";   // cut off
            case 2:
                return "{'single': 'quotes'}";
            default:
                StringBuilder object = new StringBuilder("{");
                int n = random.nextInt(5);
                for (int k = 0; k < n; k++) {
                    object.append(k == 0 ? "" : ",").append('"').append(keys[random.nextInt(keys.length)]).append("\":")
                            .append(values[random.nextInt(values.length)]);
                }
                return object.append('}').toString();
        }
    }
}
