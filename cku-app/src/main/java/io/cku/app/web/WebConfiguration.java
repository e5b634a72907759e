package io.cku.app.web;

import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private final PermissionInterceptor permissions;

    WebConfiguration(PermissionInterceptor permissions) {
        this.permissions = permissions;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(permissions);
    }

    @Override
    public void configureContentNegotiation(ContentNegotiationConfigurer negotiation) {
        negotiation.strategies(List.of(new LenientAcceptHeader()));
    }

    /**
     * An Accept header that does not parse counts as absent. Otherwise Spring fails again while writing the problem that
     * explains the refusal, and the caller gets an error status with an empty body.
     */
    private static final class LenientAcceptHeader extends HeaderContentNegotiationStrategy {

        @Override
        public List<MediaType> resolveMediaTypes(NativeWebRequest request) {
            try {
                return super.resolveMediaTypes(request);
            } catch (HttpMediaTypeNotAcceptableException unparsable) {
                return MEDIA_TYPE_ALL_LIST;
            }
        }
    }
}
