package dev.cobro.adapters.persistence.write;

import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.generator.Generator;
import org.hibernate.metamodel.MappingMetamodel;
import org.hibernate.metamodel.mapping.AttributeMapping;
import org.hibernate.metamodel.mapping.BasicEntityIdentifierMapping;
import org.hibernate.metamodel.mapping.BasicValuedModelPart;
import org.hibernate.metamodel.mapping.JdbcMapping;
import org.hibernate.metamodel.mapping.ModelPart;
import org.hibernate.metamodel.mapping.PluralAttributeMapping;
import org.hibernate.metamodel.mapping.SelectableMapping;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.property.access.spi.Setter;
import org.hibernate.type.descriptor.WrapperOptions;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tables and columns of the entities as Hibernate mapped them: the one place the writes learn
 * a table's name, its columns, which of them an insert or an update writes ({@code @Column}'s
 * {@code insertable}/{@code updatable}) and how each value is bound (through the attribute's own
 * converter and JDBC type, as Hibernate would bind it). The entities name every column once;
 * {@link WriteBatch} builds its statements from what this reads.
 */
public final class EntityTables {

    private final MappingMetamodel metamodel;
    private final Map<Class<?>, Table> tables = new ConcurrentHashMap<>();

    public EntityTables(SessionFactory sessions) {
        this.metamodel = sessions.unwrap(SessionFactoryImplementor.class).getMappingMetamodel();
    }

    public Table of(Class<?> entity) {
        return tables.computeIfAbsent(entity, c -> new Table(metamodel.getEntityDescriptor(c)));
    }

    /** One column's value, with the mapping that binds it. */
    public record Value(Object value, JdbcMapping mapping) {
    }

    /** The columns of a statement, in order, and their values. */
    public record Columns(List<String> names, List<Value> values) {

        public Columns() {
            this(new ArrayList<>(), new ArrayList<>());
        }

        public void add(SelectableMapping column, Object value) {
            names.add(column.getSelectionExpression());
            values.add(new Value(value, column.getJdbcMapping()));
        }
    }

    /** One entity's table. */
    public static final class Table {

        private static final Pattern BRACED = Pattern.compile("\\{(\\w+)}");

        private final EntityPersister persister;
        private final String name;
        private final boolean generatedId;
        // Read from the mapping once: every write walks them, and the mapping does not change.
        private final List<AttributeMapping> singular;
        private final List<PluralAttributeMapping> collections;
        private final Map<String, AttributeMapping> byName;
        /** How {@link #read} reads each column: made on first use (racing threads make equal lists). */
        private volatile List<ColumnReader> readers;

        private Table(EntityPersister persister) {
            this.persister = persister;
            this.name = persister.getMappedTableDetails().getTableName();
            Generator generator = persister.getGenerator();
            this.generatedId = generator != null && generator.generatedOnExecution();
            List<AttributeMapping> singular = new ArrayList<>();
            List<PluralAttributeMapping> collections = new ArrayList<>();
            Map<String, AttributeMapping> byName = new HashMap<>();
            persister.getAttributeMappings().forEach(a -> {
                if (a instanceof PluralAttributeMapping plural) {
                    collections.add(plural);
                } else {
                    singular.add(a);
                    byName.put(a.getAttributeName(), a);
                }
            });
            this.singular = List.copyOf(singular);
            this.collections = List.copyOf(collections);
            this.byName = Map.copyOf(byName);
        }

        public String name() {
            return name;
        }

        /** What an insert writes: the id (unless the database generates it) and every insertable column. */
        public Columns insert(Object entity) {
            Columns columns = new Columns();
            if (!generatedId) {
                part(persister.getIdentifierMapping(), persister.getIdentifierMapping().getIdentifier(entity),
                        columns, c -> true);
            }
            for (AttributeMapping attribute : singular()) {
                part(attribute, attribute.getValue(entity), columns, SelectableMapping::isInsertable);
            }
            return columns;
        }

        /** What a later write may change: the {@code updatable} columns only. */
        public Columns update(Object entity) {
            Columns columns = new Columns();
            for (AttributeMapping attribute : singular()) {
                part(attribute, attribute.getValue(entity), columns, SelectableMapping::isUpdateable);
            }
            return columns;
        }

        /** The row key's column and value. */
        public Columns id(Object entity) {
            Columns columns = new Columns();
            part(persister.getIdentifierMapping(), persister.getIdentifierMapping().getIdentifier(entity), columns,
                    c -> true);
            return columns;
        }

        /** The column and value of one attribute (a guard's condition). */
        public Columns attribute(String attributeName, Object entity) {
            AttributeMapping attribute = attribute(attributeName);
            Columns columns = new Columns();
            part(attribute, entity == null ? null : attribute.getValue(entity), columns, c -> true);
            return columns;
        }

        /** The column of one attribute. */
        public String column(String attributeName) {
            return attribute(attributeName, null).names().get(0);
        }

        /** The column of the row key. */
        public String idColumn() {
            List<String> names = new ArrayList<>();
            persister.getIdentifierMapping().forEachSelectable((i, column) -> names.add(column.getSelectionExpression()));
            return names.get(0);
        }

        /**
         * A native statement written with the entity's names: {@code {table}} becomes the table, a
         * braced attribute name its column, {@code {id}} the key's. The statement says what it does
         * and the mapping says what each name is called in the schema.
         */
        public String sql(String template) {
            Matcher names = BRACED.matcher(template);
            StringBuilder sql = new StringBuilder();
            while (names.find()) {
                String name = names.group(1);
                String replacement = switch (name) {
                    case "table" -> this.name;
                    case "id" -> idColumn();
                    default -> column(name);
                };
                names.appendReplacement(sql, Matcher.quoteReplacement(replacement));
            }
            return names.appendTail(sql).toString();
        }

        /**
         * The entity of {@code row}'s current row, for a flat entity (basic attributes, no element
         * collection): each column read by its own JDBC mapping and converter and set through the
         * attribute's accessor, as Hibernate would load it, without a query's result pipeline
         * around it. {@code row} must select the table's columns by their names ({@code select e.*}).
         */
        public <T> T read(Class<T> type, ResultSet row, WrapperOptions options) throws SQLException {
            if (readers == null) {
                readers = readers();
            }
            try {
                T entity = type.cast(persister.getMappedClass().getDeclaredConstructor().newInstance());
                for (ColumnReader reader : readers) {
                    reader.read(entity, row, options);
                }
                return entity;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(persister.getEntityName() + " cannot be instantiated", e);
            }
        }

        private List<ColumnReader> readers() {
            if (!collections.isEmpty()) {
                throw new IllegalStateException(persister.getEntityName() + " has element collections");
            }
            List<ColumnReader> readers = new ArrayList<>();
            if (persister.getIdentifierMapping() instanceof BasicEntityIdentifierMapping id) {
                readers.add(new ColumnReader(id.getSelectionExpression(), id.getJdbcMapping(),
                        id.getPropertyAccess().getSetter()));
            } else {
                throw new IllegalStateException(persister.getEntityName() + " has no basic identifier");
            }
            for (AttributeMapping attribute : singular) {
                if (!(attribute instanceof BasicValuedModelPart basic)) {
                    throw new IllegalStateException(persister.getEntityName() + "." + attribute.getAttributeName()
                            + " is not a basic column");
                }
                readers.add(new ColumnReader(basic.getSelectionExpression(), basic.getJdbcMapping(),
                        attribute.getPropertyAccess().getSetter()));
            }
            return List.copyOf(readers);
        }

        /** The element collections of the entity: each a table of its own. */
        public List<PluralAttributeMapping> collections() {
            return collections;
        }

        private List<AttributeMapping> singular() {
            return singular;
        }

        private AttributeMapping attribute(String attributeName) {
            AttributeMapping attribute = byName.get(attributeName);
            if (attribute == null) {
                throw new IllegalArgumentException(persister.getEntityName() + " has no attribute " + attributeName);
            }
            return attribute;
        }
    }

    /** One column of a row read into its attribute. */
    private record ColumnReader(String column, JdbcMapping mapping, Setter setter) {

        void read(Object entity, ResultSet row, WrapperOptions options) throws SQLException {
            Object jdbcValue = mapping.getJdbcValueExtractor().extract(row, row.findColumn(column), options);
            setter.set(entity, mapping.convertToDomainValue(jdbcValue));
        }
    }

    /**
     * The rows of an element collection of {@code owner}: key, position, then the element's columns.
     */
    public static String collectionTable(PluralAttributeMapping collection) {
        return collection.getSeparateCollectionTable();
    }

    public static List<Columns> collectionRows(PluralAttributeMapping collection, Object ownerId, List<?> elements) {
        List<Columns> rows = new ArrayList<>(elements.size());
        for (int position = 0; position < elements.size(); position++) {
            Columns columns = new Columns();
            part(collection.getKeyDescriptor().getKeyPart(), ownerId, columns, c -> true);
            part(collection.getIndexDescriptor(), position, columns, c -> true);
            part(collection.getElementDescriptor(), elements.get(position), columns, c -> true);
            rows.add(columns);
        }
        return rows;
    }

    /** The part's columns that {@code include} keeps, each with its value as Hibernate would write it. */
    private static void part(ModelPart part, Object value, Columns columns, Predicate<SelectableMapping> include) {
        // No session: basic and embedded values are broken down by their converters alone.
        part.breakDownJdbcValues(value, 0, columns, include, (index, into, keep, jdbcValue, column) -> {
            if (keep.test(column)) {
                into.add(column, jdbcValue);
            }
        }, null);
    }
}
