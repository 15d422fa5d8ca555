export { orderSaga, type OrderSagaInput } from './order-saga';
