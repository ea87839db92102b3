package dev.flowdb.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowdb.Feature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loopback default, token, sign-in cookie, Origin and CORS rules, content type, body limit, no traces. */
class ServeSecurityTest {

    private static final String P = "/api/projects/p1/features";
    private static final String CREATE = "{\"category\":\"c\",\"name\":\"n\",\"description\":\"d\",\"steps\":[\"s\"]}";

    @TempDir
    Path temp;

    @Test
    void aLoopbackProxyForwardingARemoteClientIsRefusedWithTheIntended403() throws Exception {
        try (ServerFixture s = ServerFixture.start(temp)) {
            ServerFixture.Answer forwarded = s.call("GET", P, null, null, b -> b.header("X-Forwarded-For", "203.0.113.9"));
            assertThat(forwarded.status()).isEqualTo(403);
            assertThat(forwarded.body()).isEqualTo("{\"detail\":\"Localhost access only\"}");
            assertThat(s.call("GET", P, null, null, b -> b.header("X-Forwarded-For", "127.0.0.1")).status()).isEqualTo(200);
        }
    }

    @Test
    void aNonLoopbackBindWithoutATokenDoesNotStart() {
        assertThatThrownBy(() -> ServerFixture.start(temp, c -> c.withBind("0.0.0.0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without a token");
    }

    @Test
    void withATokenEveryRouteThePageAndTheStreamNeedIt() throws Exception {
        try (ServerFixture s = ServerFixture.start(temp, c -> c.withBind("0.0.0.0").withToken("s3cret", "ops"))) {
            HttpClient bare = HttpClient.newHttpClient();
            for (String path : List.of(P, "/", "/api/v1/stream", "/api/v1/features", "/board/board.js")) {
                HttpResponse<String> refused = bare.send(HttpRequest.newBuilder(URI.create(s.base() + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).as(path).isEqualTo(401);
                assertThat(refused.headers().firstValue("www-authenticate")).hasValue("Bearer");
            }
            HttpResponse<String> wrong = bare.send(HttpRequest.newBuilder(URI.create(s.base() + P)).header("Authorization", "Bearer nope").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(s.call("POST", P, CREATE).status()).isEqualTo(200);
            assertThat(s.db().events().forFeature(1).get(0).agent()).as("the token's name acts").isEqualTo("ops");

            String login = s.server.loginUrl();
            assertThat(login).contains("?login=");
            String code = login.substring(login.indexOf("?login="));
            HttpResponse<String> signIn = bare.send(HttpRequest.newBuilder(URI.create(s.base() + "/" + code)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(signIn.statusCode()).isEqualTo(303);
            String cookie = signIn.headers().firstValue("set-cookie").orElseThrow();
            assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
            String session = cookie.split(";", 2)[0];
            HttpResponse<String> page = bare.send(HttpRequest.newBuilder(URI.create(s.base() + "/")).header("Cookie", session).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("flow-db board");
            HttpResponse<String> again = bare.send(HttpRequest.newBuilder(URI.create(s.base() + "/" + code)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(again.statusCode()).as("the sign-in address works once").isEqualTo(401);
        }
    }

    @Test
    void foreignOriginsAreRefusedAndAllowedOnesGetCors() throws Exception {
        try (ServerFixture s = ServerFixture.start(temp, c -> c.withAllowedOrigins(List.of("http://dash.example:3000")))) {
            List<Feature> before = s.dump();
            ServerFixture.Answer foreign = s.call("POST", P, CREATE, "application/json", b -> b.header("Origin", "http://evil.example"));
            assertThat(foreign.status()).isEqualTo(403);
            assertThat(s.dump()).isEqualTo(before);
            assertThat(s.call("GET", "/api/v1/stream", null, null, b -> b.header("Origin", "http://evil.example")).status()).isEqualTo(403);
            ServerFixture.Answer preflight = s.call("OPTIONS", P, null, null,
                    b -> b.header("Origin", "http://evil.example").header("Access-Control-Request-Method", "POST"));
            assertThat(preflight.status()).isEqualTo(400);
            assertThat(preflight.body()).isEqualTo("Disallowed CORS origin");
            ServerFixture.Answer allowed = s.call("OPTIONS", P, null, null,
                    b -> b.header("Origin", "http://localhost:5173").header("Access-Control-Request-Method", "POST"));
            assertThat(allowed.status()).isEqualTo(200);
            assertThat(allowed.raw().headers().firstValue("access-control-allow-origin")).hasValue("http://localhost:5173");
            ServerFixture.Answer configured = s.call("GET", P, null, null, b -> b.header("Origin", "http://dash.example:3000"));
            assertThat(configured.status()).isEqualTo(200);
            assertThat(configured.raw().headers().firstValue("access-control-allow-credentials")).hasValue("true");
            String own = "http://127.0.0.1:" + s.server.port();
            assertThat(s.call("POST", P, CREATE, "application/json", b -> b.header("Origin", own)).status()).as("same origin").isEqualTo(200);
        }
    }

    @Test
    void bodiesAreLimitedOwnWritesNeedJsonAndErrorsCarryNoTrace() throws Exception {
        try (ServerFixture s = ServerFixture.start(temp, c -> c.withMaxBody(1000))) {
            List<Feature> before = s.dump();
            String big = "{\"category\":\"c\",\"name\":\"" + "x".repeat(2000) + "\",\"description\":\"d\",\"steps\":[\"s\"]}";
            ServerFixture.Answer tooBig = s.call("POST", P, big);
            assertThat(tooBig.status()).isEqualTo(413);
            assertThat(tooBig.detail()).contains("too large");
            assertThat(s.call("POST", "/api/v1/claim-next", "x=1", "application/x-www-form-urlencoded", b -> b).status()).isEqualTo(415);
            assertThat(s.call("POST", "/api/v1/claim-next").body()).isEqualTo("{\"claimed\":null}");
            ServerFixture.Answer badActor = s.call("GET", P, null, null, b -> b.header(Guard.ACTOR_HEADER, "x".repeat(300)));
            assertThat(badActor.status()).isEqualTo(400);
            assertThat(badActor.body()).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(s.dump()).isEqualTo(before);
        }
    }
}
