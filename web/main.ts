/** Entry point: styles, then the app. */
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import './views.css';
import './govuk.css';
import './a11y.css';
import './editing.css';
import './components/app.js';
import { watchScrollRegions } from './scroll-regions.js';

watchScrollRegions(document.body);
