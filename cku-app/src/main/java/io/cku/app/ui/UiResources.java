package io.cku.app.ui;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.LiteWebJarsResourceResolver;

/**
 * The UI's files, the only static files served (the API keeps {@code spring.web.resources.add-mappings: false}): its
 * stylesheet, and htmx with its SSE extension from their WebJars, by versionless paths.
 */
@Configuration(proxyBeanMethods = false)
class UiResources implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/ui/static/**").addResourceLocations("classpath:/static/ui/");
        registry.addResourceHandler("/webjars/**").addResourceLocations("classpath:/META-INF/resources/webjars/").resourceChain(true)
                .addResolver(new LiteWebJarsResourceResolver());
    }
}
