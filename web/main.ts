/** Entry point: styles, then the app. */
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import './editing.css';
import './components/app.js';
