alter table shop_order add column note varchar(200);
insert into shop_order (id, total, note) values ('order-1', 99.90, 'seeded by the host''s migration');
