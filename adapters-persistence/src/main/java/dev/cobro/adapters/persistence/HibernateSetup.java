package dev.cobro.adapters.persistence;

import dev.cobro.adapters.persistence.entity.AttemptEntity;
import dev.cobro.adapters.persistence.entity.AuthorizationEntity;
import dev.cobro.adapters.persistence.entity.NotificationEntity;
import dev.cobro.adapters.persistence.entity.NulSafeText;
import dev.cobro.adapters.persistence.entity.OutcomeEventEntity;
import dev.cobro.adapters.persistence.entity.PaymentEntity;
import dev.cobro.adapters.persistence.entity.ProviderTokenEntity;
import dev.cobro.adapters.persistence.entity.RefundEntity;
import dev.cobro.adapters.persistence.entity.StatusChangeEntity;
import dev.cobro.adapters.persistence.entity.TokenRequestEntity;
import org.hibernate.SessionFactory;
import org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy;
import org.hibernate.boot.model.naming.ImplicitNamingStrategyComponentPathImpl;
import org.hibernate.bytecode.internal.none.BytecodeProviderImpl;
import org.hibernate.bytecode.spi.BytecodeProvider;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;

import javax.sql.DataSource;
import java.util.List;

/**
 * Hibernate on a DataSource, without persistence.xml. The schema belongs to Flyway (module db):
 * Hibernate only validates that the entities match it, and refuses to start when they do not.
 * Hibernate reads the entities (HQL) and maps them for the writes: every write is a {@link WriteBatch}
 * whose statements come from this mapping ({@link EntityTables}), so no insert ordering or JDBC
 * batching is configured.
 */
final class HibernateSetup {

    static final List<Class<?>> ENTITIES = List.of(PaymentEntity.class, AuthorizationEntity.class,
            AttemptEntity.class, StatusChangeEntity.class, NotificationEntity.class, OutcomeEventEntity.class,
            TokenRequestEntity.class, ProviderTokenEntity.class, RefundEntity.class);

    private HibernateSetup() {
    }

    static SessionFactory sessionFactory(DataSource dataSource) {
        Configuration cfg = new Configuration();
        ENTITIES.forEach(cfg::addAnnotatedClass);
        cfg.addAttributeConverter(NulSafeText.class, true);
        cfg.getProperties().put(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource);
        cfg.setProperty(AvailableSettings.HBM2DDL_AUTO, "validate");
        cfg.setProperty(AvailableSettings.SHOW_SQL, "false");
        // Instants are timestamptz and read back in UTC whatever the JVM's zone.
        cfg.setProperty(AvailableSettings.JDBC_TIME_ZONE, "UTC");
        // An address's columns are named after their path: billing.zipCode -> billing_zip_code.
        cfg.setImplicitNamingStrategy(new ImplicitNamingStrategyComponentPathImpl());
        cfg.setPhysicalNamingStrategy(new CamelCaseToUnderscoresNamingStrategy());
        // No proxies: the entities have no associations (each aggregate is read by its own queries),
        // so Hibernate never needs a lazy proxy, and generating one class per entity with ByteBuddy
        // was a third of its start. Hibernate 6 takes its bytecode provider from the service
        // registry only (a setting no longer chooses it); "none" makes no class at run time.
        cfg.getStandardServiceRegistryBuilder().addService(BytecodeProvider.class, new BytecodeProviderImpl());
        return cfg.buildSessionFactory();
    }
}
