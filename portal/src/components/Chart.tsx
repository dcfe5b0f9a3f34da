import { useEffect, useRef } from "react";
import * as echarts from "echarts/core";
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

// Only the parts of ECharts the portal draws with (bars, lines, axes, legend, tooltip): the rest stays out of the bundle.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/**
 * One chart. A canvas says nothing to a screen reader, so the chart is an image named by its title, and `summary` (a table of
 * the same figures, visually hidden) gives the numbers. (ECharts' own aria text names the data by index, which reads worse.)
 */
export function Chart({ title, option, summary }: { title: string; option: ChartOption; summary?: React.ReactNode }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!element.current) return;
    const instance = echarts.init(element.current, undefined, { renderer: "canvas" });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ animation: false, ...option }, true);
  }, [option]);

  return (
    <figure className="panel chart-panel">
      <figcaption>{title}</figcaption>
      <div ref={element} className="chart" role="img" aria-label={title} />
      {summary && <div className="visually-hidden">{summary}</div>}
    </figure>
  );
}
