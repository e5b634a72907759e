package io.cku.app.database;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * The service's transactions are plain JDBC ones, as Boot makes them when JPA is absent. JPA is on the class path for the
 * learning module's entities (which bring their own transaction manager), and would otherwise make every transaction of
 * every request and worker open an entity manager it does not use.
 */
@Configuration(proxyBeanMethods = false)
class Transactions {

    @Bean
    @Primary
    JdbcTransactionManager transactionManager(DataSource dataSource, ObjectProvider<TransactionManagerCustomizers> customizers) {
        JdbcTransactionManager transactions = new JdbcTransactionManager(dataSource);
        customizers.ifAvailable(customizer -> customizer.customize(transactions));
        return transactions;
    }
}
