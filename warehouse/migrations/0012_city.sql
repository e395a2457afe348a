-- 0012: every article carries its corpus, a city of Jiangsu or the province (#28).
-- Forward-only: never edit after landing; add a new numbered file instead.
-- The corpus is told by the URL's column (parsers/cities.py, SiteAdapter.city_for): zgjssw's
-- 市县传真 has one column per city (/shixianchuanzhen/{city}/), its 要闻 (/yaowen/) is the
-- province's; 扬州网 and 中国江苏网's column cover Yangzhou alone, and so does a page whose
-- URL names no column (an imported file). Rows loaded before this migration get the same.

alter table articles add column city varchar default 'yangzhou';

update articles set city = case
    when site = 'zgjssw' and regexp_matches(url, '/yaowen/') then 'province'
    when site = 'zgjssw' and regexp_extract(url, '/shixianchuanzhen/([a-z]+)/', 1) in (
        'nanjing', 'wuxi', 'xuzhou', 'changzhou', 'suzhou', 'nantong', 'lianyungang',
        'huaian', 'yancheng', 'yangzhou', 'zhenjiang', 'taizhou', 'suqian'
    ) then regexp_extract(url, '/shixianchuanzhen/([a-z]+)/', 1)
    else 'yangzhou'
end;
