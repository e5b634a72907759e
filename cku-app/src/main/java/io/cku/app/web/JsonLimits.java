package io.cku.app.web;

import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cku.app.security.HttpProperties;
import tools.jackson.core.StreamReadConstraints;

/** Bounds what a JSON body may make the parser do: nesting depth and string length come from {@code cku.http}. */
@Configuration(proxyBeanMethods = false)
class JsonLimits {

    @Bean
    JsonFactoryBuilderCustomizer jsonReadLimits(HttpProperties limits) {
        return factory -> factory.streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxJsonDepth())
                .maxStringLength(limits.maxJsonStringChars())
                .maxNameLength(1024)
                .maxNumberLength(100)
                .build());
    }
}
