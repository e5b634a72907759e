package io.cku.auth.internal;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import io.cku.auth.AuthProperties;

@Configuration(proxyBeanMethods = false)
class AuthBeans {

    /** bcrypt today, with the algorithm recorded in each hash ({@code {bcrypt}...}) so it can change later. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    JwtCodec jwtCodec(AuthProperties properties) {
        return new JwtCodec(KeyRing.from(properties), properties, Clock.systemUTC());
    }
}
