-- Macros the views and the analytics queries share (applied before the views).
-- Period labels, defined once: text that sorts in time order.
--   year '2024', quarter '2024-Q1', month '2024-03'
create or replace macro period_label(ts, period) as
    case period
        when 'year' then strftime(ts, '%Y')
        when 'quarter' then printf('%d-Q%d', year(ts), quarter(ts))
        when 'month' then strftime(ts, '%Y-%m')
    end;
