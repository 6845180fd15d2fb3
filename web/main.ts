/** Entry point: styles, then the app. */
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import './views.css';
import './components/app.js';
