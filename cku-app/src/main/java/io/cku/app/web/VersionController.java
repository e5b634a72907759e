package io.cku.app.web;

import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The service's version, so clients (`cku --version`) can say what they talk to. */
@RestController
@Tag(name = "Service", description = "What is running")
class VersionController {

    private final Map<String, String> version;

    VersionController(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        this.version = Map.of("service", "Code Kit Ultra", "version", properties == null ? "development" : properties.getVersion());
    }

    @Operation(summary = "The service's version", description = "`{\"service\": \"Code Kit Ultra\", \"version\": \"0.1.0\"}`; no token needed.")
    @PublicRoute("a version says nothing about anyone's data, and a client asks before it has logged in")
    @GetMapping("/version")
    Map<String, String> version() {
        return version;
    }
}
